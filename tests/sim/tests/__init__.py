"""Pure-Python tests of the simulator framework and the ECS model (no network)."""

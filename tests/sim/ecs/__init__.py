"""The Dell ECS management API personality of the ospd simulators."""

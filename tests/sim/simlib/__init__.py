"""Shared framework for the API simulators (ECS management, MinIO admin).

One HTTP(S) server, a request log, fault switches and a /_sim/ control endpoint; each simulator
supplies a Personality that answers the backend's own API.
"""

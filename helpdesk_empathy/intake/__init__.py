"""Intake: the web app, its health probes and the receive sequence every webhook shares."""

"""Zammad: API client, payloads and webhook schema."""

"""Freshdesk: API client, payloads and webhook schema."""

"""Zendesk: API client, payloads, webhook schema and signature, install plan."""

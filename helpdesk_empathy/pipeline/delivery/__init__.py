"""Delivery: the outbox, the helpdesk writer and the background flush."""

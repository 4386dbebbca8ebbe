"""Pipeline: the inbox, the drain job, the worker and the per-ticket history it keeps."""

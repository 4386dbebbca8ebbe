"""Operations: audit trail, aggregates, metrics, logs, dashboard and backfill."""

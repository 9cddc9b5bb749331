"""Shard builds: a portal (or portal-year) built alone, the site merged from the shards.

`python -m tools.shards plan|list|build KEY|merge|status` (see README, "Shard builds")."""

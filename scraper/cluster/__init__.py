"""A crawl cluster: N crawler workers (on this machine or others) sharing one frontier, one
duplicate filter and per-host politeness through a Redis server, and ONE store consumer that
writes content/.

- `keys`: the Redis key names of a cluster job.
- `serial`: JSON (never pickle) for what goes through Redis: requests, articles, images.
- `redisserver`: start a private redis-server (Debian's) on 127.0.0.1 when none is given.
- `frontier`: scrapy-redis' scheduler and duplicate filter, with leased pops: a request a worker
  took stays in the worker's in-flight hash until its outcome is safe in Redis; a dead worker's
  leases go back to the frontier.
- `politeness`: one start per host per delay across all workers (a Lua script on Redis time).
- `worker`: the Scrapy side (`python -m scraper cluster-worker --redis URL`).
- `consumer`: the only writer of content/ (scraper.store, as a one-process crawl).
- `coordinator`: `python -m scraper crawl-cluster`: job, seeds, local workers, consumer, summary.
"""

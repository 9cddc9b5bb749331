"""Crawl a portal, keep raw captures, extract and normalise articles into Markdown."""

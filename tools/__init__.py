"""Operator tools: content check, link check, demo, publishing."""

"""Helpers shared by the tests: paths, site builds, local servers, the browser."""

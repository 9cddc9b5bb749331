"""Site-local Pelican plugins (loaded through PLUGIN_PATHS = ["plugins"])."""

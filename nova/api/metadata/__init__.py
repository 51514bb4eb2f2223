"""The metadata service guests query, and the content the config drive
shares with it."""

"""Blueprints and forms: parse the request, call a service, render or redirect."""

"""Queries: SQL over the store, each filter declared once; results as plain dataclasses."""

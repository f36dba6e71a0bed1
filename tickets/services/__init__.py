"""Writes. Every change to a ticket goes through a function here: it runs in a transaction with the
ticket row locked, records the event, and leaves side effects (pushes, messages) to run on commit."""

"""Citizen messages: the admin-editable wording, the outbox's delivery (SMS gateway and WeChat
customer-service messages, with retries and backoff) and ratings that come back by SMS."""

"""The WeChat official account: the platform's server protocol (plain and safe mode), letters
written by followers, their queries, and the customer-service messages that carry replies back."""

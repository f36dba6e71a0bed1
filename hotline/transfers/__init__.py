"""Transfers between platforms (转办 / 一键转接): to 110/119/120/122, the provincial 12345 and
neighbouring cities, and from them to us, as signed webhooks delivered through an outbox."""

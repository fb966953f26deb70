"""Mail delivery backends for the outbox tests: one that fails a given number of times first, one that hangs."""

import time

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Refuses the first `failures` messages (a mail server down), then delivers to django.core.mail.outbox."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


class HangingBackend(LocmemBackend):
    """Never finishes sending: a worker killed while it waits must not lose the message."""

    def send_messages(self, messages):
        time.sleep(600)
        return 0

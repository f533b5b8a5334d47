"""The e-mail outbox: storing, rendering and delivering every message the portal sends."""

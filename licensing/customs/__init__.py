"""Customs integration over REST: licence checks, write-offs and reversals, webhooks to API clients."""

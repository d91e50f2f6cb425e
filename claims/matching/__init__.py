"""Claim matching across articles (issue 15): a claim checked once is recognised when it comes back.

Stands on the core (articles, claims, workflow) and is never imported by it: the core calls the
after-import hooks of claims.hooks, which this app registers into in MatchingConfig.ready().
"""

"""The read-only CLICS Contest API (2023-06) under /api/contests/: HTTP only; what it serves is built by
contests.clics. It lives in the api app so that it accepts the API tokens (`Authorization: Token`) as
well as the site's session and HTTP basic auth, which tools such as resolvers and shadow systems need."""

def explode():
    raise SystemExit(3)

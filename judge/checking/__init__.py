"""Output checking: comparing a submission's output with the expected answer."""

"""Analysers turn a source and a tuple of rules into ``Hit``s; ``engine`` picks one per family."""

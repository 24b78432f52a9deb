import boom

boom.explode()

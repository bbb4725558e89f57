"""Getty Images: the v3 client, its sandbox, and what we keep of Getty's answers."""

"""Getty Images: the v3 client and what we keep of Getty's answers (the sandbox lives in sandboxes/getty)."""

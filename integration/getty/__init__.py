"""Getty Images: the v3 client (`client.GettyClient`), its typed answers (`types`) and errors (`errors`).

The sandbox that answers like Getty lives in `integration.getty.sandbox`.
"""

"""The Consonance GraphQL sandbox: a real HTTP server speaking the API of shared/contracts/CONSONANCE.md."""

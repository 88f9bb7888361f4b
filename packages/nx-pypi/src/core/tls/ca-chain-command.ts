/**
 * The ca-chain generator's command line, as every hint prints it. Nx reads an array option as
 * `--certs=a,b` or as a repeated `--certs a --certs b`; `--certs a b` is refused by Nx, so no
 * hint may suggest it (issue 14, item 14).
 */
export const CA_CHAIN_COMMAND = 'nx g nx-pypi:ca-chain --certs=<intermediate.crt>,<root.crt>';

import { accountFundsSchema, linkWalletRequestSchema } from '../../accounts/funds/account-funds.schema';
import { errors, jsonRequestBody, jsonResponse, problemResponse, type PathItems } from '../openapi.helpers';

const exampleFunds = {
  accountId: 'acc-demo',
  fundsCheck: 'on',
  deposit: '1000',
  reserved: '40',
  spent: '12.5',
  available: '947.5',
  wallet: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  walletChallenge: 'Corex: link this wallet to account acc-demo',
  accountKey: '0x8f9c6e2b0a9c0e8b4f1f2a8f3d7b0c4e6a1d2b3c4d5e6f708192a3b4c5d6e7f8',
};

/** The caller's funds: deposits into the MiningPool, reservations of running jobs, charges; the linked wallet. */
export const fundsPaths: PathItems = {
  '/v1/accounts/me': {
    get: {
      operationId: 'getMyAccount',
      tags: ['accounts'],
      summary: 'Your funds: deposit, reserved, spent, available (CXT), and the linked wallet',
      description:
        'Deposit with `MiningPool.deposit(accountKey, amount)` (after approving the CXT); a deposit counts once it is confirmed on-chain. `fundsCheck: off`: no chain is configured, and budgets are not reserved.',
      responses: { 200: jsonResponse('The account’s funds', accountFundsSchema, { example: exampleFunds }) },
    },
  },
  '/v1/accounts/me/wallet': {
    post: {
      operationId: 'linkWallet',
      tags: ['accounts'],
      summary: 'Link a wallet by its EIP-191 signature of the account’s challenge',
      description: 'Sign `walletChallenge` of GET /v1/accounts/me with the wallet (personal_sign). A later link replaces the earlier one.',
      requestBody: jsonRequestBody(linkWalletRequestSchema),
      responses: {
        200: jsonResponse('Linked: the account’s funds with the wallet', accountFundsSchema, { example: exampleFunds }),
        400: problemResponse('WALLET.SIGNATURE_INVALID: the signature is not the wallet’s signature of the challenge; REQUEST.INVALID_BODY, REQUEST.MALFORMED_JSON'),
        413: errors[413],
        415: errors[415],
      },
    },
  },
};

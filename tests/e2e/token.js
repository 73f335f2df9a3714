// A fixed token for the browser tests only; its hash is given to the test Worker, never deployed.
export const E2E_TOKEN = 'vigil_e2e_test_token_not_a_secret';

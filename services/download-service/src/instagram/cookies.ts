// The cookies.txt parser is shared with account-service (session import); the client uses the same one.
export * from '@smh/shared/cookies';

/**
 * Authentication: HS256 JWTs with user id and scopes; the three ways a connection may present a token.
 */
package io.tickwire.server.auth;

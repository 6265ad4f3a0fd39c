"""Tokens: a provider's fresh token sent on the live connection before expiry keeps every
subscription; a revoked token is replaced from the provider; a fixed token that expires ends
the client, saying why."""

from __future__ import annotations

import asyncio
import base64
import json

from tickwire import (Client, CommandStatus, ConnectionStatus, MarketTrade, OrderUpdate, PlaceOrder, RestClient, Side,
                      Topic, session)
from support import Node, mint_token, run, until
from test_live import fund


def _jti(token: str) -> str:
    claims = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["jti"])


def test_a_token_renewed_on_the_live_connection_keeps_the_subscriptions(demo: Node) -> None:
    async def body() -> None:
        user = await fund(demo)
        issued: list[str] = []

        async def provider() -> str:  # an awaitable provider (a plain function works too)
            issued.append(mint_token(demo.data, user, ttl=4.0))
            return issued[-1]

        async with Client(demo.url, token_provider=provider, refresh_before=1.5) as client:
            events = client.session_events()
            trades = client.subscribe(Topic.trades("BTC-USDT"))
            account = client.subscribe(Topic.account())
            await asyncio.wait_for(account.ready(), 10)
            renewed = []
            while len(renewed) < 3:  # three renewals: more than two lifetimes of the first token
                e = await asyncio.wait_for(events.__anext__(), 10)
                assert not isinstance(e, (session.Disconnected, session.ErrorEvent)), e
                if isinstance(e, session.TokenRenewed):
                    renewed.append(e)
            assert client.state.reconnects == 0 and client.state.status is ConnectionStatus.CONNECTED
            assert len(issued) >= 4
            # Both subscriptions still deliver: a trade, and our own order's update.
            trade = await asyncio.wait_for(trades.__anext__(), 20)
            assert isinstance(trade, MarketTrade)
            handle = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.001000"))
            outcome = await handle.resolved()
            assert outcome.status is CommandStatus.ACCEPTED and outcome.receipt is not None
            while True:
                event = await asyncio.wait_for(account.__anext__(), 10)
                if isinstance(event, OrderUpdate) and event.order.order_id == outcome.receipt.order_id:
                    break

            # A revoked token: the server closes with 4001; the client asks the provider for a
            # fresh one, reconnects and resumes.
            admin = RestClient(demo.rest, demo.tokens["admin"])
            await admin.call("POST", "/api/v1/admin/tokens/revoke", body={"jti": _jti(issued[-1])})
            await until(lambda: client.state.reconnects == 1 and client.state.status is ConnectionStatus.CONNECTED,
                        15, "reconnected with a fresh token")
            trade2 = await asyncio.wait_for(trades.__anext__(), 20)
            assert trade2.seq > trade.seq
    run(body(), timeout=90)


def test_a_fixed_token_that_expires_closes_the_client_and_says_why(demo: Node) -> None:
    async def body() -> None:
        token = mint_token(demo.data, "1002", ttl=2.0)
        async with Client(demo.url, token=token) as client:
            events = client.session_events()
            client.subscribe(Topic.trades("BTC-USDT"))
            await until(lambda: client.state.status is ConnectionStatus.CLOSED, 10, "the client to close")
            seen = [e async for e in events]
            assert any(isinstance(e, session.ErrorEvent) and e.code == "unauthorized" for e in seen), seen
            assert isinstance(seen[-1], session.Closed)
    run(body(), timeout=30)


"""Orders cut off from their outcome: the proxy swallows frames and cuts the connection, and
``await handle.resolved()`` still ends with the truth, looked up over REST by client_order_id."""

from __future__ import annotations

import asyncio

import tickwire
from tickwire import (Client, CommandStatus, ExecutionUnknown, OrderRef, OrderStatus, PlaceOrder, RecoveryCompleted,
                      Side, UnknownExecutionError)
from support import Node, Proxy, run
from test_live import funded_user


def test_an_order_whose_ack_and_receipt_are_swallowed_ends_reconciled(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        proxy = await Proxy(demo.port).start()
        try:
            async with Client(proxy.url, token=token, rest_url=demo.rest, reconnect=tickwire.Backoff(0.05, 0.3)) as c:
                # The server processes the order; its ack and receipt never reach the client.
                proxy.drop_down = lambda m: m.get("type") in ("ack", "receipt")
                handle = await c.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1500.00", "0.002000",
                                                                    client_order_id="swallowed-1"))
                outcome = await asyncio.wait_for(handle.resolved(), 30)
                assert proxy.dropped and proxy.dropped[0]["type"] == "ack"
                assert outcome.status is CommandStatus.SYNCHRONIZED and outcome.reconciled
                assert outcome.order is not None and outcome.order.client_order_id == "swallowed-1"
                assert outcome.order.status is OrderStatus.NEW
                kinds = [type(e) for e in handle.history]
                assert kinds[0] is ExecutionUnknown and kinds[-1] is RecoveryCompleted
                try:
                    await handle.receipt()
                    raise AssertionError("receipt() must fail for an order cut off from its receipt")
                except UnknownExecutionError:
                    pass
                proxy.drop_down = None
                # Sending it again is safe: the server refuses the duplicate and names the order.
                again = await c.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1500.00", "0.002000",
                                                                   client_order_id="swallowed-1"))
                o = await asyncio.wait_for(again.resolved(), 10)
                assert o.status is CommandStatus.REJECTED and o.receipt is not None
                assert o.receipt.code == "duplicate_client_order_id" and o.receipt.order_id == outcome.order.order_id

                # A cancel whose receipt is swallowed: reconciled by order id, the order is closed.
                proxy.drop_down = lambda m: m.get("type") == "receipt"
                cancel = await c.cancel(OrderRef.by_id(outcome.order.order_id))
                co = await asyncio.wait_for(cancel.resolved(), 30)
                assert co.status is CommandStatus.SYNCHRONIZED and co.order is not None
                assert co.order.status is OrderStatus.CANCELED
                proxy.drop_down = None
        finally:
            await proxy.close()
    run(body(), timeout=90)


def test_an_order_swallowed_before_the_server_is_not_executed_and_safe_to_resend(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        proxy = await Proxy(demo.port).start()
        try:
            async with Client(proxy.url, token=token, rest_url=demo.rest, reconnect=tickwire.Backoff(0.05, 0.3)) as c:
                proxy.drop_up = lambda m: m.get("type") == "order.place"
                handle = await c.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1500.00", "0.002000",
                                                                    client_order_id="never-1"))
                outcome = await asyncio.wait_for(handle.resolved(), 30)
                assert outcome.status is CommandStatus.NOT_EXECUTED and outcome.reconciled and outcome.order is None
                proxy.drop_up = None
                again = await c.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1500.00", "0.002000",
                                                                   client_order_id="never-1"))
                assert (await asyncio.wait_for(again.resolved(), 10)).status is CommandStatus.ACCEPTED

                # A batch cut off from its receipt: each order looked up by its client_order_id.
                proxy.drop_down = lambda m: m.get("type") == "receipt"
                batch = await c.place_batch([PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1500.00", "0.002000"),
                                             PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1501.00", "0.002000")])
                bo = await asyncio.wait_for(batch.resolved(), 30)
                assert bo.status is CommandStatus.SYNCHRONIZED and len(bo.orders) == 2
                assert [o.client_order_id for o in bo.orders if o] == list(batch.client_order_ids)
                proxy.drop_down = None
        finally:
            await proxy.close()
    run(body(), timeout=90)

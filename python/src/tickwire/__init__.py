"""Tickwire's Python SDK: ``async with tickwire.Client(url, token=...) as client: ...``

See docs/python.md in the Tickwire repository.
"""

from .account import AccountMirror
from .backoff import Backoff
from .book import BookProblem, BookView, ChecksumMismatch, EpochChanged, Invalidated, LocalBook, SequenceGap, checksum
from .client import AccountSubscription, BookSubscription, Client, ClientOptions, SessionEvents, Subscription, TokenProvider
from .errors import (AuthenticationError, ClientClosedError, CommandRefusedError, ErrorReply, NotConnectedError,
                     RestError, SubscriptionRefusedError, TickwireError, UnknownExecutionError)
from .events import (AccountEvent, AccountSnapshot, Balance, BalanceUpdate, BookChange, BookDelta, BookEvent,
                     BookInvalidated, BookSnapshot, Candle, CandleEvent, FeedEvent, FeedGap, FeedMessage, FeedRejected,
                     Level, MarketTrade, Order, OrderUpdate, StreamEvent, Ticker, TickerEvent, Trade, TradesEvent,
                     UnknownEvent, decode_event)
from .orders import (Ack, AckReceived, AmendOrder, CommandEvent, CommandStatus, ExecutionUnknown, OrderHandle,
                     OrderOutcome, OrderRef, OrderResult, PlaceOrder, Receipt, ReceiptReceived, RecoveryCompleted,
                     RecoveryScheduled, Refused, new_client_order_id)
from .poller import EventPoller, PollItem
from .rest import Market, RestBook, RestClient
from .session import ConnectionState, ConnectionStatus, SessionEvent
from .topics import AccountTopic, BookTopic, Topic
from .values import Cursor, OrderStatus, OrderType, Role, Side, TimeInForce
from . import session

__version__ = "0.1.0"

__all__ = [
    "AccountEvent", "AccountMirror", "AccountSnapshot", "AccountSubscription", "AccountTopic", "Ack", "AckReceived",
    "AmendOrder", "AuthenticationError", "Backoff", "Balance", "BalanceUpdate", "BookChange", "BookDelta",
    "BookEvent", "BookInvalidated", "BookProblem", "BookSnapshot", "BookSubscription", "BookTopic", "BookView",
    "Candle", "CandleEvent", "ChecksumMismatch", "Client", "ClientClosedError", "ClientOptions", "CommandEvent",
    "CommandRefusedError", "CommandStatus", "ConnectionState", "ConnectionStatus", "Cursor", "EpochChanged",
    "ErrorReply", "EventPoller", "ExecutionUnknown", "FeedEvent", "FeedGap", "FeedMessage", "FeedRejected",
    "Invalidated", "Level", "LocalBook", "Market", "MarketTrade", "NotConnectedError", "Order", "OrderHandle",
    "OrderOutcome", "OrderRef", "OrderResult", "OrderStatus", "OrderType", "OrderUpdate", "PlaceOrder", "PollItem",
    "Receipt", "ReceiptReceived", "RecoveryCompleted", "RecoveryScheduled", "Refused", "RestBook", "RestClient",
    "RestError", "Role", "SequenceGap", "SessionEvent", "SessionEvents", "Side", "StreamEvent", "Subscription",
    "SubscriptionRefusedError", "Ticker", "TickerEvent", "TickwireError", "TimeInForce", "TokenProvider", "Topic",
    "Trade", "TradesEvent", "UnknownEvent", "UnknownExecutionError", "checksum", "decode_event",
    "new_client_order_id", "session",
]

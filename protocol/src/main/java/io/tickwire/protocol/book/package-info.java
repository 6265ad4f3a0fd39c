/**
 * The order-book checksum (CRC32 of the top 10 levels per side) that clients use to check their local books.
 */
package io.tickwire.protocol.book;

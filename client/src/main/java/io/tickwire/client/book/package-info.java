/**
 * Local order books that check their own sequence and checksum.
 */
package io.tickwire.client.book;

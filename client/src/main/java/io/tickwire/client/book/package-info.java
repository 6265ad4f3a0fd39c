/** Local books that check their own sequence and checksum, and never serve a book they know to be wrong. */
package io.tickwire.client.book;

/**
 * The JSON codec: decodes frames into typed messages or typed errors that name the offending field, and encodes with
 * Jackson's streaming generator straight to bytes.
 */
package io.tickwire.codec;

/**
 * HTTP basic authentication as supervisord checks it (clear or {@code {SHA}} passwords).
 */
package io.drover.http.auth;

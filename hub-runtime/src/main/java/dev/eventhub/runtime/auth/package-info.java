/** Token verification and issuing (JWT through Vert.x Auth JWT), and the token secret's first-start generation. */
package dev.eventhub.runtime.auth;

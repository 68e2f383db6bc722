import { HttpStatus } from '@nestjs/common';
import type { DomainError } from '@app/http';

/**
 * The one place a domain error code becomes an HTTP status. Each lib's error
 * class gets a case with an exhaustive switch over its codes, so adding a code
 * without deciding its status fails to compile.
 */
export function domainErrorStatus(error: DomainError): number {
  switch (error.domain) {
    default:
      // A lib that throws a DomainError not listed here is a programming error; surface it loudly.
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

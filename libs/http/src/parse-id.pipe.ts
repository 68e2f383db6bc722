import { PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id must be a UUID; otherwise 400 naming the parameter (never a database error). */
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new RequestValidationError([{ field: this.name, message: `${this.name} must be a UUID` }]);
    return value.toLowerCase();
  }
}

import { PipeTransform } from '@nestjs/common';
import { isUuid } from './ids';
import { RequestValidationError } from './validation';


/** A path id must be a UUID; otherwise 400 naming the parameter (never a database error). */
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!isUuid(value)) throw new RequestValidationError([{ field: this.name, message: `${this.name} must be a UUID` }]);
    return value.toLowerCase();
  }
}

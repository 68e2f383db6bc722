import { IsInt, Max, Min, ValidateNested, IsString, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe, RequestValidationError } from './validation';

class Skills {
  @IsInt() @Min(1) @Max(4) finance!: number;
}

class Profile {
  @IsString() @MaxLength(5) fullName!: string;
  @ValidateNested() @Type(() => Skills) skills!: Skills;
}

const meta: ArgumentMetadata = { type: 'body', metatype: Profile };

async function fieldsOf(body: unknown) {
  try {
    await createValidationPipe().transform(body, meta);
  } catch (err) {
    expect(err).toBeInstanceOf(RequestValidationError);
    return (err as RequestValidationError).errors;
  }
  throw new Error('expected a validation error');
}

describe('validation pipe', () => {
  it('names every bad field with a dotted path', async () => {
    expect(await fieldsOf({ fullName: 'Far too long', skills: { finance: 7 } })).toEqual([
      { field: 'fullName', message: 'fullName must be shorter than or equal to 5 characters' },
      { field: 'skills.finance', message: 'finance must not be greater than 4' },
    ]);
  });

  it('rejects unknown fields by name', async () => {
    expect(await fieldsOf({ fullName: 'Ann', skills: { finance: 2 }, isAdmin: true })).toEqual([
      { field: 'isAdmin', message: 'property isAdmin should not exist' },
    ]);
  });

  it('passes a good body through as the DTO class', async () => {
    const value = await createValidationPipe().transform({ fullName: 'Ann', skills: { finance: 2 } }, meta);
    expect(value).toBeInstanceOf(Profile);
    expect(value.skills).toBeInstanceOf(Skills);
  });
});

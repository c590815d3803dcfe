import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { TypeOrmLogger } from './typeorm-logger';

describe('TypeOrmLogger', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed query without its parameters, through the service logger', () => {
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const log = jest.spyOn(console, 'log');
    const driverError = Object.assign(new Error('duplicate key value'), { code: '23505', constraint: 'users_email_key' });
    const error = new QueryFailedError('insert into users values ($1, $2)', ['ada@x.dev', '$argon2id$secret-hash'], driverError);
    new TypeOrmLogger().logQueryError(error, error.query);
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug.mock.calls[0][0]).toMatchObject({ sqlState: '23505', constraint: 'users_email_key', query: 'insert into users values ($1, $2)' });
    expect(JSON.stringify(debug.mock.calls)).not.toMatch(/secret-hash|ada@x/);
    expect(log).not.toHaveBeenCalled();
  });
});

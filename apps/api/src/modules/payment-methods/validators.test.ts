import { describe, expect, it } from 'vitest';
import { checkAbaRouting, checkCbu, checkClabe, checkCnpj, checkCpf, checkEvmAddress, toChecksumAddress } from './validators.js';

// Samples built from the published algorithms: for each, a valid value and the same value with one
// digit changed (which every one of these checksums detects).
describe('CLABE', () => {
  it('accepts valid and rejects invalid numbers', () => {
    expect(checkClabe('032180000118359719')).toBeNull();
    expect(checkClabe('002010077777777771')).toBeNull();
    expect(checkClabe('032180000118359718')).toMatch(/check digit/);
    expect(checkClabe('03218000011835971')).toMatch(/18 digits/);
    expect(checkClabe('03218000011835971X')).toMatch(/18 digits/);
  });
});

describe('CPF and CNPJ', () => {
  it('validates CPF check digits', () => {
    expect(checkCpf('52998224725')).toBeNull();
    expect(checkCpf('11144477735')).toBeNull();
    expect(checkCpf('52998224726')).toMatch(/check digits/);
    expect(checkCpf('11111111111')).toMatch(/not a valid/);
    expect(checkCpf('5299822472')).toMatch(/11 digits/);
  });

  it('validates CNPJ check digits', () => {
    expect(checkCnpj('11222333000181')).toBeNull();
    expect(checkCnpj('11444777000161')).toBeNull();
    expect(checkCnpj('11222333000182')).toMatch(/check digits/);
    expect(checkCnpj('00000000000000')).toMatch(/not a valid/);
  });
});

describe('ABA routing', () => {
  it('validates the 3-7-1 checksum', () => {
    expect(checkAbaRouting('011000015')).toBeNull(); // Federal Reserve Bank of Boston
    expect(checkAbaRouting('021000021')).toBeNull();
    expect(checkAbaRouting('021000022')).toMatch(/checksum/);
    expect(checkAbaRouting('000000000')).toMatch(/not a valid/);
    expect(checkAbaRouting('12345678')).toMatch(/9 digits/);
  });
});

describe('CBU', () => {
  it('validates both check digits', () => {
    expect(checkCbu('2850590940090418135201')).toBeNull();
    expect(checkCbu('0170099220000067797370')).toBeNull();
    expect(checkCbu('2850590840090418135201')).toMatch(/first check digit/);
    expect(checkCbu('2850590940090418135202')).toMatch(/second check digit/);
    expect(checkCbu('28505909400904181352')).toMatch(/22 digits/);
  });
});

describe('EVM addresses (EIP-55)', () => {
  const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'; // from the EIP-55 test vectors
  it('accepts checksummed, all-lower and all-upper addresses', () => {
    expect(checkEvmAddress(checksummed)).toBeNull();
    expect(checkEvmAddress(checksummed.toLowerCase())).toBeNull();
    expect(checkEvmAddress(`0x${checksummed.slice(2).toUpperCase()}`)).toBeNull();
    expect(toChecksumAddress(checksummed.toLowerCase())).toBe(checksummed);
    expect(toChecksumAddress('0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359')).toBe('0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359');
  });

  it('rejects a wrong checksum and malformed addresses', () => {
    expect(checkEvmAddress('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toMatch(/EIP-55/);
    expect(checkEvmAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe')).toMatch(/40 hexadecimal/);
    expect(checkEvmAddress('5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toMatch(/40 hexadecimal/);
  });
});
